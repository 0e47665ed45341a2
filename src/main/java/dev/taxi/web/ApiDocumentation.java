package dev.taxi.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (and Swagger UI at {@code /swagger-ui.html}):
 * springdoc reads the paths, parameters and answers from the controllers; this adds what it cannot
 * see there: the bodies the auth endpoints read themselves (sign-up takes JSON, a form or a
 * multipart form with a photo), the Bearer scheme, and the error shapes (the reference's bodies on
 * its endpoints, RFC 9457 problem details on those Taxi adds). Every path also answers without its
 * trailing slash; the document lists each once, with it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	private static final String BEARER = "bearer";

	private static final String JSON = "application/json";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final List<String> PUBLIC = List.of("/api/sign_up/", "/api/log_in/", "/api/token/refresh/");

	@Bean
	OpenAPI taxiOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Taxi")
				.version("v2")
				.description("The REST side of Taxi, a real-time ride-hailing server. The WebSocket protocol "
						+ "(ws://host/taxi/?token=...) and every rule are described in /PROTOCOL.md. "
						+ "Every path also answers without its trailing slash."));
	}

	/** The shared parts; added by the customizer, after springdoc has made its own components. */
	private static void addComponents(OpenAPI openApi) {
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.setComponents(components
			.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
				.bearerFormat("JWT").description("The access token from POST /api/log_in/"))
			.addSchemas("Problem", problemSchema())
			.addSchemas("FieldErrors", new ObjectSchema()
				.description("The reference's field errors: each field (or non_field_errors) with its messages")
				.additionalProperties(new ArraySchema().items(new StringSchema())))
			.addSchemas("Detail", new ObjectSchema().description("The reference's authentication failure")
				.addProperty("detail", new StringSchema())
				.addProperty("code", new StringSchema().description("token_not_valid for a bad token"))));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().example("about:blank"))
			.addProperty("title", new StringSchema().example("Not Found"))
			.addProperty("status", new IntegerSchema().example(404))
			.addProperty("detail", new StringSchema().example("No such trip"))
			.addProperty("instance", new StringSchema().example("/api/trip/0b0c.../cancel/"));
	}

	@Bean
	OpenApiCustomizer taxiOpenApiCustomizer() {
		return (openApi) -> {
			Paths paths = openApi.getPaths();
			if (paths == null) {
				return;
			}
			Paths canonical = new Paths();
			paths.forEach((path, item) -> {
				if (path.endsWith("/") || !paths.containsKey(path + "/")) {
					canonical.addPathItem(path, item);
				}
			});
			canonical.addPathItem("/media/photos/{file}", photo());
			openApi.setPaths(canonical);
			addComponents(openApi);
			canonical.forEach(ApiDocumentation::describe);
			// The stream's element type, which the events endpoint's own description replaces.
			openApi.getComponents().getSchemas().remove("ServerSentEventString");
		};
	}

	/** Photos are static files, which springdoc does not see. */
	private static PathItem photo() {
		Operation get = new Operation().summary("An uploaded photo, as linked from a user's photo field")
			.addParametersItem(new io.swagger.v3.oas.models.parameters.PathParameter().name("file")
				.schema(new StringSchema()))
			.responses(new io.swagger.v3.oas.models.responses.ApiResponses()
				.addApiResponse("200", new ApiResponse().description("The image")
					.content(new Content().addMediaType("image/*", new MediaType().schema(new BinarySchema()))))
				.addApiResponse("404", new ApiResponse().description("No such photo")));
		return new PathItem().get(get);
	}

	private static void describe(String path, PathItem item) {
		item.readOperationsMap().forEach((method, operation) -> {
			operation.setTags(List.of(tag(path)));
			if (path.startsWith("/api/") && !PUBLIC.contains(path)) {
				operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
				operation.getResponses().addApiResponse("401", error(path, "No valid access token"));
			}
			switch (path) {
				case "/api/sign_up/" -> signUp(operation);
				case "/api/log_in/" -> {
					operation.requestBody(jsonOrForm(Map.of("username", new StringSchema(), "password", new StringSchema())));
					operation.getResponses().addApiResponse("400", fieldErrors()).addApiResponse("401", detail("Wrong credentials"));
				}
				case "/api/token/refresh/" -> {
					operation.requestBody(jsonOrForm(Map.of("refresh", new StringSchema())));
					operation.getResponses().addApiResponse("400", fieldErrors())
						.addApiResponse("401", detail("Expired, revoked (logged out) or not a refresh token"));
				}
				case "/api/log_out/" -> {
					operation.requestBody(jsonOrForm(Map.of("refresh", new StringSchema())));
					operation.getResponses().addApiResponse("400", problem("No refresh token in the body"))
						.addApiResponse("401", problem("No valid access token, or a refresh token that is not valid or not yours"));
				}
				case "/api/trip/{id}/" -> operation.getResponses().addApiResponse("404", detail("A trip this user may not see"));
				case "/api/trip/{id}/cancel/" -> operation.getResponses()
					.addApiResponse("403", problem("This user's role may not cancel it"))
					.addApiResponse("404", problem("A trip this user may not see"))
					.addApiResponse("409", problem("The trip's state does not allow it"));
				case "/api/trip/{id}/messages/" -> operation.getResponses()
					.addApiResponse("400", problem("'after' or 'limit' is not a whole number, or limit < 1"))
					.addApiResponse("404", problem("Not this user's trip"));
				case "/api/trip/{id}/events/" -> {
					operation.description("Server-Sent Events: `event:` the v2 type, `data:` its JSON data. First the trip's "
							+ "current state (trip.updated), then every change, chat message and driver location, a comment "
							+ "every 15 s, and the end once the trip is COMPLETED or CANCELED. Also authenticated by ?token=.");
					operation.getResponses().addApiResponse("200", new ApiResponse().description("The event stream")
						.content(new Content().addMediaType("text/event-stream", new MediaType().schema(new StringSchema()))));
					operation.getResponses().addApiResponse("404", problem("A trip this user may not see"));
				}
				default -> {
				}
			}
		});
	}

	private static String tag(String path) {
		if (path.endsWith("/messages/")) {
			return "chat";
		}
		return (path.startsWith("/api/trip")) ? "trips" : (path.startsWith("/media")) ? "media" : "users";
	}

	private static void signUp(Operation operation) {
		Schema<?> form = new ObjectSchema()
			.addProperty("username", new StringSchema().maxLength(150))
			.addProperty("first_name", new StringSchema())
			.addProperty("last_name", new StringSchema())
			.addProperty("password1", new StringSchema().minLength(8))
			.addProperty("password2", new StringSchema().minLength(8))
			.addProperty("group", new StringSchema()._enum(List.of("rider", "driver")))
			.required(List.of("username", "password1", "password2", "group"));
		Schema<?> multipart = new ObjectSchema().properties(new LinkedHashMap<>(form.getProperties()))
			.required(form.getRequired())
			.addProperty("photo", new BinarySchema().description("PNG, JPEG, GIF or WebP, at most 5 MB"));
		operation.requestBody(new RequestBody().required(true)
			.content(new Content().addMediaType("multipart/form-data", new MediaType().schema(multipart))
				.addMediaType(JSON, new MediaType().schema(form))
				.addMediaType("application/x-www-form-urlencoded", new MediaType().schema(form))));
		operation.getResponses().addApiResponse("400", fieldErrors());
	}

	private static RequestBody jsonOrForm(Map<String, Schema<?>> fields) {
		Schema<?> schema = new ObjectSchema().required(List.copyOf(fields.keySet()));
		fields.forEach(schema::addProperty);
		return new RequestBody().required(true)
			.content(new Content().addMediaType(JSON, new MediaType().schema(schema))
				.addMediaType("application/x-www-form-urlencoded", new MediaType().schema(schema)));
	}

	private static ApiResponse error(String path, String description) {
		return Problems.isV2Path(path) ? problem(description) : detail(description);
	}

	private static ApiResponse problem(String description) {
		return response(description, PROBLEM_JSON, "Problem");
	}

	private static ApiResponse detail(String description) {
		return response(description, JSON, "Detail");
	}

	private static ApiResponse fieldErrors() {
		return response("Field errors", JSON, "FieldErrors");
	}

	private static ApiResponse response(String description, String mediaType, String schema) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(mediaType,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))));
	}

}

package dev.taxi.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON as a fuzzer writes it: objects may repeat a key, numbers are any text (so {@code 1e400},
 * {@code -0} or a thousand digits go out exactly as chosen), strings may hold lone surrogates or
 * NUL, and {@link Raw} is any text at all. {@link #write()} is the exact text sent.
 */
sealed interface Json {

	String write();

	static Json string(String value) {
		return new Str(value, false);
	}

	static Json number(String text) {
		return new Num(text);
	}

	static Json raw(String text) {
		return new Raw(text);
	}

	Json NULL = new Raw("null");

	Json TRUE = new Raw("true");

	Json FALSE = new Raw("false");

	/** Members in order; a key may come twice. */
	record Obj(List<Map.Entry<String, Json>> members) implements Json {

		static Obj of() {
			return new Obj(new ArrayList<>());
		}

		Obj with(String key, Json value) {
			this.members.add(Map.entry(key, value));
			return this;
		}

		@Override
		public String write() {
			StringBuilder out = new StringBuilder("{");
			for (int i = 0; i < this.members.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				Str.append(out, this.members.get(i).getKey(), false);
				out.append(':').append(this.members.get(i).getValue().write());
			}
			return out.append('}').toString();
		}

	}

	record Arr(List<Json> items) implements Json {

		@Override
		public String write() {
			StringBuilder out = new StringBuilder("[");
			for (int i = 0; i < this.items.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				out.append(this.items.get(i).write());
			}
			return out.append(']').toString();
		}

	}

	/** A string; {@code asciiOnly} writes every other character as a {@code \\u} escape. */
	record Str(String value, boolean asciiOnly) implements Json {

		@Override
		public String write() {
			StringBuilder out = new StringBuilder(this.value.length() + 2);
			append(out, this.value, this.asciiOnly);
			return out.toString();
		}

		static void append(StringBuilder out, String value, boolean asciiOnly) {
			out.append('"');
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == '"' || c == '\\') {
					out.append('\\').append(c);
				}
				else if (c < 0x20 || Character.isSurrogate(c) && !pairAt(value, i) || asciiOnly && c > 0x7e) {
					// A lone surrogate cannot be encoded as UTF-8: JSON carries it as an escape.
					out.append(String.format("\\u%04x", (int) c));
				}
				else if (Character.isHighSurrogate(c)) {
					out.append(c).append(value.charAt(++i));
				}
				else {
					out.append(c);
				}
			}
			out.append('"');
		}

		private static boolean pairAt(String value, int i) {
			char c = value.charAt(i);
			return Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}

	}

	record Num(String text) implements Json {

		@Override
		public String write() {
			return this.text;
		}

	}

	record Raw(String text) implements Json {

		@Override
		public String write() {
			return this.text;
		}

	}

}

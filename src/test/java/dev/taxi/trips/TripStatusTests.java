package dev.taxi.trips;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class TripStatusTests {

	@Test
	void driversMoveATripForwardOneStepAtATime() {
		assertThat(TripStatus.REQUESTED.next()).isEqualTo(TripStatus.STARTED);
		assertThat(TripStatus.STARTED.next()).isEqualTo(TripStatus.IN_PROGRESS);
		assertThat(TripStatus.IN_PROGRESS.next()).isEqualTo(TripStatus.COMPLETED);
		assertThat(TripStatus.COMPLETED.next()).isNull();
		assertThat(TripStatus.CANCELED.next()).isNull();
	}

	@ParameterizedTest
	@EnumSource(TripStatus.class)
	void noStatusCanBeSkippedRepeatedOrUndone(TripStatus from) {
		for (TripStatus to : TripStatus.values()) {
			assertThat(from.canBecome(to)).as("%s -> %s", from, to).isEqualTo(to == from.next());
		}
	}

	@Test
	void completedAndCanceledTripsAreFinished() {
		assertThat(TripStatus.COMPLETED.isFinished()).isTrue();
		assertThat(TripStatus.CANCELED.isFinished()).isTrue();
		assertThat(TripStatus.REQUESTED.isFinished()).isFalse();
		assertThat(TripStatus.STARTED.isFinished()).isFalse();
		assertThat(TripStatus.IN_PROGRESS.isFinished()).isFalse();
	}

}

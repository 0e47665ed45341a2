// Where the driver's car is: a simulated drive in a straight line to the pick-up and then to the
// drop-off, or the device's own location. Either way at most about three positions a second,
// below the server's limit of five per driver.

import { bearing, distance, place, startNear } from './map.js';

const TICK = 350;
const STEPS_PER_LEG = 24;

export class Simulator {
  /** `report(position)` is called with {lat, lng, heading, speed} on every step. */
  constructor(report) {
    this.report = report;
    this.timer = 0;
    this.trip = null;
    this.position = null;
    this.step = 0;
  }

  get running() { return this.timer !== 0; }

  /** Drives for this trip: to the pick-up while STARTED, to the drop-off while IN_PROGRESS. */
  follow(trip) {
    if (this.trip?.id !== trip.id) {
      this.position = null;
    }
    this.trip = trip;
  }

  start(trip, from) {
    this.follow(trip);
    if (!this.position) this.position = from ?? startNear(place(trip.pick_up_address), trip.id);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK);
      this.tick();
    }
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }

  tick() {
    const trip = this.trip;
    if (!trip || (trip.status !== 'STARTED' && trip.status !== 'IN_PROGRESS')) return;
    const target = place(trip.status === 'STARTED' ? trip.pick_up_address : trip.drop_off_address);
    const here = this.position;
    const left = distance(here, target);
    if (left < 1) return; // arrived: wait for the next leg
    const legKey = `${trip.id}:${trip.status}`;
    if (this.leg !== legKey) {
      this.leg = legKey;
      this.stride = Math.max(left / STEPS_PER_LEG, 30);
    }
    const f = Math.min(1, this.stride / left);
    const next = { lat: here.lat + (target.lat - here.lat) * f, lng: here.lng + (target.lng - here.lng) * f };
    const metres = distance(here, next);
    this.position = next;
    this.report({ lat: next.lat, lng: next.lng, heading: Math.round(bearing(here, next) * 10) / 10 % 360, speed: Math.round(metres / (TICK / 1000) * 10) / 10 });
  }
}

/** The device's location through the Geolocation API, reported at most twice a second. */
export class DeviceLocation {
  constructor(report, fail) {
    this.report = report;
    this.fail = fail;
    this.watch = null;
    this.last = 0;
  }

  get running() { return this.watch !== null; }

  start() {
    if (!('geolocation' in navigator)) {
      this.fail('This browser cannot tell where it is.');
      return false;
    }
    this.watch = navigator.geolocation.watchPosition((p) => {
      const now = Date.now();
      if (now - this.last < 500) return;
      this.last = now;
      const { latitude: lat, longitude: lng, heading, speed } = p.coords;
      this.report({
        lat, lng,
        heading: Number.isFinite(heading) && heading >= 0 && heading < 360 ? heading : null,
        speed: Number.isFinite(speed) && speed >= 0 ? speed : null,
      });
    }, (e) => {
      this.stop();
      this.fail(e.code === 1 ? 'The browser was not allowed to share this device\'s location.' : 'This device\'s location is not available.');
    }, { enableHighAccuracy: true, maximumAge: 2000 });
    return true;
  }

  stop() {
    if (this.watch !== null) navigator.geolocation.clearWatch(this.watch);
    this.watch = null;
  }
}

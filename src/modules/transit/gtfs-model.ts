/** The GTFS network in memory (routes, stops, trips with their stop times along the shape) and the feed's errors. */
export interface GtfsError {
  file: string;
  /** 1-based line in the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  field?: string;
  message: string;
}

export class GtfsInvalid extends Error {
  readonly errors: GtfsError[];
  constructor(errors: GtfsError[]) {
    super(`GTFS feed invalid: ${errors.length} error(s); first: ${errors[0]?.file}:${errors[0]?.line} ${errors[0]?.message}`);
    this.errors = errors;
  }
}

export interface Route {
  id: string;
  agencyId: string;
  shortName: string;
  longName: string;
  type: number;
  color: string | null;
  textColor: string | null;
}
export interface Stop {
  id: string;
  code: string | null;
  name: string;
  lat: number;
  lon: number;
}
/** A polyline with cumulative distance (metres) at each point. */
export interface Line {
  pts: [number, number][];
  cum: number[];
}
export interface StopTime {
  stopId: string;
  seq: number;
  /** Seconds after the service day's start (may exceed 24 h). */
  arr: number;
  dep: number;
  /** Distance along the trip's line, metres. */
  dist: number;
}
export interface Trip {
  id: string;
  routeId: string;
  serviceId: string;
  headsign: string;
  directionId: number | null;
  blockId: string | null;
  shapeId: string | null;
  stopTimes: StopTime[];
  line: Line;
}
export interface Service {
  /** Monday … Sunday. */
  days: boolean[];
  start: string;
  end: string;
}
export interface Network {
  agencyName: string;
  timezone: string;
  routes: Map<string, Route>;
  stops: Map<string, Stop>;
  trips: Map<string, Trip>;
  services: Map<string, Service>;
  /** service_id → date (YYYYMMDD) → 1 added / 2 removed. */
  exceptions: Map<string, Map<string, number>>;
  /** stop_id → (trip, index in its stop times). */
  tripsByStop: Map<string, { trip: Trip; index: number }[]>;
  /** [minLon, minLat, maxLon, maxLat] of all stops. */
  bbox: [number, number, number, number];
}

export interface FeedSummary {
  agency: string;
  timezone: string;
  routes: number;
  stops: number;
  trips: number;
  stopTimes: number;
  shapes: number;
  bbox: [number, number, number, number];
}

export type Progress = (p: { file: string; rows: number; done: boolean }) => void;

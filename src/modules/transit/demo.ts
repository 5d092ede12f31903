/**
 * The demo Trans Musi feed (catalog/transit/trans-musi/): agency, routes, stops and calendar are authored as
 * GTFS text; corridors.yaml describes each corridor's path and timetable pattern, expanded here into
 * shapes.txt, trips.txt and stop_times.txt. The result is zipped in memory, like a feed Dishub would upload.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { parse as parseYaml } from "yaml";
import { parse as parseCsv } from "csv-parse/sync";
import { lineOf, project } from "./gtfs.ts";

export const DEMO_FEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../catalog/transit/trans-musi");

interface Corridor {
  route: string;
  headsign: [string, string];
  headway: number;
  first: string;
  last: string;
  speed_kmh: number;
  path: (string | [number, number])[];
}

const hms = (s: number) =>
  `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
};

/** The GTFS files of the demo feed, as text. */
export function demoFeedFiles(dir = DEMO_FEED_DIR): Record<string, string> {
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  const files: Record<string, string> = {};
  for (const f of ["agency.txt", "routes.txt", "stops.txt", "calendar.txt"]) files[f] = read(f);
  const stops = new Map(
    (parseCsv(files["stops.txt"], { columns: true, trim: true }) as Record<string, string>[]).map((s) => [
      s.stop_id,
      [Number(s.stop_lat), Number(s.stop_lon)] as [number, number],
    ]),
  );
  const corridors = parseYaml(read("corridors.yaml")) as Corridor[];
  const shapes = ["shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence,shape_dist_traveled"];
  const trips = ["route_id,service_id,trip_id,trip_headsign,direction_id,block_id,shape_id"];
  const times = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled"];
  for (const c of corridors) {
    for (const dir of [0, 1]) {
      const pathPts = dir === 0 ? c.path : [...c.path].reverse();
      const pts = pathPts.map((p) => (typeof p === "string" ? (stops.get(p) as [number, number]) : p));
      const line = lineOf(pts);
      const shapeId = `${c.route}_${dir}`;
      pts.forEach((p, i) => {
        shapes.push(`${shapeId},${p[0].toFixed(6)},${p[1].toFixed(6)},${i + 1},${line.cum[i].toFixed(1)}`);
      });
      const stopIds = pathPts.filter((p): p is string => typeof p === "string");
      let seg = 0;
      const dists = stopIds.map((id) => {
        const [lat, lon] = stops.get(id) as [number, number];
        const pr = project(line, lat, lon, seg);
        seg = pr.segment;
        return pr.along;
      });
      const speed = (c.speed_kmh * 1000) / 3600;
      // Offsets from the departure: running time by distance plus 30 s at each intermediate stop.
      const offsets = dists.map((d, i) => Math.round(d / speed / 10) * 10 + i * 30);
      const runMinutes = offsets[offsets.length - 1] / 60;
      const fleet = Math.ceil(runMinutes / c.headway) + 1;
      let k = 0;
      for (let m = minutes(c.first); m <= minutes(c.last); m += c.headway, k++) {
        const tripId = `${c.route}-${dir === 0 ? "A" : "B"}-${hms(m * 60)
          .slice(0, 5)
          .replace(":", "")}`;
        const block = `${c.route}-${String((k % fleet) + 1 + dir * fleet).padStart(2, "0")}`;
        trips.push(`${c.route},SETIAP_HARI,${tripId},${c.headsign[dir]},${dir},${block},${shapeId}`);
        stopIds.forEach((id, i) => {
          const t = hms(m * 60 + offsets[i]);
          const dep = i > 0 && i < stopIds.length - 1 ? hms(m * 60 + offsets[i] + 30) : t;
          times.push(`${tripId},${t},${i === 0 ? t : dep},${id},${i + 1},${dists[i].toFixed(1)}`);
        });
      }
    }
  }
  files["shapes.txt"] = `${shapes.join("\n")}\n`;
  files["trips.txt"] = `${trips.join("\n")}\n`;
  files["stop_times.txt"] = `${times.join("\n")}\n`;
  return files;
}

export async function zipFiles(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

export const demoFeedZip = () => zipFiles(demoFeedFiles());

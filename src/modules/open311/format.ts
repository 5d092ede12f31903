import { XMLBuilder } from "fast-xml-parser";

/**
 * GeoReport v2 responses in its two formats. A response is described once as JSON-shaped data plus
 * the XML root and item element names; `render` produces either. JSON: arrays of objects, null for
 * empty values. XML: `<root><item>…</item></root>`, empty elements for null, lists (`values`,
 * `attributes`, `formats`) as nested elements.
 */
export type Format = "json" | "xml";

export interface Rendered {
  contentType: string;
  body: string;
}

const builder = new XMLBuilder({ format: true, ignoreAttributes: false, suppressEmptyNode: false, suppressBooleanAttributes: false });

/** XML names of the items of list-valued fields (JSON keeps plain arrays). */
const LIST_ITEMS: Record<string, string> = { attributes: "attribute", values: "value", endpoints: "endpoint", formats: "format" };

function toXmlValue(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const item = LIST_ITEMS[key] ?? "item";
    return { [item]: value.map((v) => toXmlValue(item, v)) };
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toXmlValue(k, v);
    return out;
  }
  return value;
}

function xml(root: string, content: unknown): string {
  return builder.build({ "?xml": { "@_version": "1.0", "@_encoding": "utf-8" }, [root]: content });
}

/** A list of items: JSON array / `<root><item/>…</root>`. */
export function renderList(format: Format, root: string, item: string, items: Record<string, unknown>[]): Rendered {
  if (format === "json") return { contentType: "application/json; charset=utf-8", body: JSON.stringify(items) };
  return { contentType: "text/xml; charset=utf-8", body: xml(root, { [item]: items.map((i) => toXmlValue(item, i)) }) };
}

/** One object: JSON object / `<root>…</root>`. */
export function renderObject(format: Format, root: string, obj: Record<string, unknown>): Rendered {
  if (format === "json") return { contentType: "application/json; charset=utf-8", body: JSON.stringify(obj) };
  return { contentType: "text/xml; charset=utf-8", body: xml(root, toXmlValue(root, obj)) };
}

/** The standard's error list: `[{code, description}]` / `<errors><error><code/><description/></error></errors>`. */
export function renderErrors(format: Format, errors: { code: number; description: string }[]): Rendered {
  return renderList(format, "errors", "error", errors);
}

/** "services.json" → ["services", "json"]; undefined for a missing or unknown extension. */
export function splitFormat(file: string): { name: string; format: Format } | undefined {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  if (!m) return undefined;
  return { name: m[1], format: m[2].toLowerCase() as Format };
}

import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_KELURAHAN } from "../tenants/demo.ts";
import { loginAs, MALANG, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { createApiKey } from "../apikeys/service.ts";
import { importBoundaries } from "../../platform/geo.ts";
import { isoInZone, parseListQuery } from "./service.ts";

/**
 * Examples from the GeoReport v2 specification (http://wiki.open311.org/GeoReport_v2), trimmed to one
 * item each; our responses must use the same element names in the same structure.
 */
const SPEC = {
  servicesXml: `<?xml version="1.0" encoding="utf-8"?>
<services>
  <service>
    <service_code>001</service_code>
    <service_name>Cans left out 24x7</service_name>
    <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
    <metadata>true</metadata>
    <type>realtime</type>
    <keywords>lorem, ipsum, dolor</keywords>
    <group>sanitation</group>
  </service>
</services>`,
  servicesJson: [
    {
      service_code: "001",
      service_name: "Cans left out 24x7",
      description: "Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.",
      metadata: true,
      type: "realtime",
      keywords: "lorem, ipsum, dolor",
      group: "sanitation",
    },
  ],
  definitionXml: `<?xml version="1.0" encoding="utf-8"?>
<service_definition>
  <service_code>DMV66</service_code>
  <attributes>
    <attribute>
      <variable>true</variable>
      <code>WHISHETN</code>
      <datatype>singlevaluelist</datatype>
      <required>true</required>
      <datatype_description></datatype_description>
      <order>1</order>
      <description>What is the ticket/tag/DL number?</description>
      <values>
        <value>
          <key>123</key>
          <name>Ford</name>
        </value>
        <value>
          <key>124</key>
          <name>Chrysler</name>
        </value>
      </values>
    </attribute>
  </attributes>
</service_definition>`,
  definitionJson: {
    service_code: "DMV66",
    attributes: [
      {
        variable: true,
        code: "WHISHETN",
        datatype: "singlevaluelist",
        required: true,
        datatype_description: null,
        order: 1,
        description: "What is the ticket/tag/DL number?",
        values: [
          { key: 123, name: "Ford" },
          { key: 124, name: "Chrysler" },
        ],
      },
    ],
  },
  createdXml: `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>293944</service_request_id>
    <service_notice>The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code</service_notice>
    <account_id/>
  </request>
</service_requests>`,
  createdJson: [
    { service_request_id: 293944, service_notice: "The City will inspect and require the responsible party to correct within 24 hours", account_id: null },
  ],
  tokenXml: `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <token>12345</token>
  </request>
</service_requests>`,
  requestsXml: `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <status>closed</status>
    <status_notes>Duplicate request.</status_notes>
    <service_name>Sidewalk and Curb Issues</service_name>
    <service_code>006</service_code>
    <description></description>
    <agency_responsible></agency_responsible>
    <service_notice></service_notice>
    <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
    <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
    <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
    <address>8TH AVE and JUDAH ST</address>
    <address_id>545483</address_id>
    <zipcode>94122</zipcode>
    <lat>37.762221815</lat>
    <long>-122.4651145</long>
    <media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg</media_url>
  </request>
</service_requests>`,
  requestsJson: [
    {
      service_request_id: 638344,
      status: "closed",
      status_notes: "Duplicate request.",
      service_name: "Sidewalk and Curb Issues",
      service_code: "006",
      description: null,
      agency_responsible: null,
      service_notice: null,
      requested_datetime: "2010-04-14T06:37:38-08:00",
      updated_datetime: "2010-04-14T06:37:38-08:00",
      expected_datetime: "2010-04-15T06:37:38-08:00",
      address: "8TH AVE and JUDAH ST",
      address_id: 545483,
      zipcode: 94122,
      lat: 37.762221815,
      long: -122.4651145,
      media_url: "http://city.gov.s3.amazonaws.com/requests/media/638344.jpg",
    },
  ],
  errorsXml: `<?xml version="1.0" encoding="utf-8"?>
<errors>
  <error>
    <code>403</code>
    <description>Invalid api_key received -- can't proceed with create_request.</description>
  </error>
</errors>`,
  errorsJson: [{ code: 403, description: "Invalid api_key received -- can't proceed with create_request." }],
  discoveryXml: `<?xml version="1.0" encoding="utf-8"?>
<discovery>
  <changeset>2011-02-03 14:39</changeset>
  <contact>You can email or call for assistance api@city.gov +1 (555) 555-5555</contact>
  <key_service>You can request a key here: http://api.city.gov/api_key/request</key_service>
  <endpoints>
    <endpoint>
      <specification>http://wiki.open311.org/GeoReport_v2</specification>
      <url>http://open311.sfgov.org/v2</url>
      <changeset>2010-04-08T00:00Z</changeset>
      <type>production</type>
      <formats>
        <format>text/xml</format>
        <format>application/json</format>
      </formats>
    </endpoint>
  </endpoints>
</discovery>`,
};

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  isArray: (name) => ["service", "request", "attribute", "value", "error", "endpoint", "format"].includes(name),
});

/** The element/key structure of a parsed document: paths of names, arrays as [], in document order. */
function shape(v: unknown, path = ""): string[] {
  if (Array.isArray(v)) return v.length ? shape(v[0], `${path}[]`) : [`${path}[]`];
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [`${path}/${k}`, ...shape(x, `${path}/${k}`)]);
  return [];
}
const xmlShape = (xml: string) => shape(parser.parse(xml));

describe("Open311 GeoReport v2", () => {
  const s = setupPlatform({ BALAI_PUBLIC_URL: "https://layanan.palembang.go.id" });
  let key = "";
  let malangKey = "";
  const base = "/open311/v2";

  const get = (url: string, tenant = PALEMBANG, headers: Record<string, string> = {}) =>
    s.app.inject({ method: "GET", url: `${base}${url}`, headers: { "x-balai-tenant": tenant, ...headers } });
  const post = (url: string, form: Record<string, string | string[]>, tenant = PALEMBANG) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
    return s.app.inject({
      method: "POST",
      url: `${base}${url}`,
      payload: body.toString(),
      headers: { "x-balai-tenant": tenant, "content-type": "application/x-www-form-urlencoded" },
    });
  };
  const report = (extra: Record<string, string | string[]> = {}, fmt = "json") =>
    post(`/requests.${fmt}`, {
      api_key: key,
      jurisdiction_id: PALEMBANG,
      service_code: "lapor-jalan-rusak",
      lat: "-2.9850",
      long: "104.7450",
      kelurahan: DEMO_KELURAHAN,
      description: "Lubang besar di tengah jalan, berbahaya untuk motor.",
      "attribute[tingkat]": "berat",
      email: "budi@example.com",
      first_name: "Budi",
      last_name: "Santoso",
      phone: "081298765432",
      ...extra,
    });

  beforeAll(async () => {
    key = (await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "Warga Pintar", scopes: ["open311"], actorId: null }))).key;
    malangKey = (await s.db.tx((q) => createApiKey(q, { tenantId: MALANG, name: "Malang app", scopes: ["open311"], actorId: null }))).key;
  });

  it("serves discovery in both formats with the specification's structure", async () => {
    const json = await get("/discovery.json");
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    expect(json.json().endpoints[0]).toMatchObject({ url: "https://layanan.palembang.go.id/open311/v2", formats: ["text/xml", "application/json"] });
    const xml = await get("/discovery.xml");
    expect(xml.headers["content-type"]).toMatch(/^text\/xml/);
    expect(xmlShape(xml.body)).toEqual(xmlShape(SPEC.discoveryXml));
    expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  });

  it("lists the complaint categories as services and defines their attributes", async () => {
    const json = await get("/services.json");
    expect(json.statusCode).toBe(200);
    const services = json.json();
    expect(Object.keys(services[0])).toEqual(Object.keys(SPEC.servicesJson[0]));
    const jalan = services.find((x: { service_code: string }) => x.service_code === "lapor-jalan-rusak");
    expect(jalan).toMatchObject({ service_name: "Jalan rusak", metadata: true, type: "realtime", keywords: "jalan, lubang, aspal, pothole, road" });
    expect(jalan.group).toBe("Jalan, Drainase dan Infrastruktur");
    expect(services.every((x: { service_code: string }) => x.service_code.startsWith("lapor-"))).toBe(true);
    const en = (await get("/services.json", PALEMBANG, { "accept-language": "en" })).json();
    expect(en.find((x: { service_code: string }) => x.service_code === "lapor-jalan-rusak").service_name).toBe("Damaged road");

    const xml = await get("/services.xml");
    expect(xml.statusCode).toBe(200);
    expect(xmlShape(xml.body)).toEqual(xmlShape(SPEC.servicesXml));
    expect(parser.parse(xml.body).services.service.length).toBe(services.length);

    const def = await get("/services/lapor-jalan-rusak.json");
    expect(def.statusCode).toBe(200);
    expect(def.json()).toEqual({
      service_code: "lapor-jalan-rusak",
      attributes: [
        {
          variable: true,
          code: "tingkat",
          datatype: "singlevaluelist",
          required: false,
          datatype_description: null,
          order: 1,
          description: "Tingkat kerusakan",
          values: [
            { key: "ringan", name: "Ringan" },
            { key: "sedang", name: "Sedang" },
            { key: "berat", name: "Berat/berbahaya" },
          ],
        },
      ],
    });
    expect(shape(def.json())).toEqual(shape(SPEC.definitionJson));
    const defXml = await get("/services/lapor-jalan-rusak.xml");
    expect(xmlShape(defXml.body)).toEqual(xmlShape(SPEC.definitionXml));
    const banjir = (await get("/services/lapor-banjir-drainase.json")).json();
    expect(banjir.attributes[0]).toMatchObject({ code: "kedalaman_cm", datatype: "number", datatype_description: "0–500" });
    const pohon = (await get("/services/lapor-pohon-tumbang.json")).json();
    expect(pohon.attributes[0]).toMatchObject({ code: "menghalangi_jalan", datatype: "singlevaluelist", values: [{ key: "true" }, { key: "false" }] });
    const nowhere = await get("/services/lapor-tidak-ada.xml");
    expect(nowhere.statusCode).toBe(404);
    expect(xmlShape(nowhere.body)).toEqual(xmlShape(SPEC.errorsXml));
  });

  it("refuses to create a request without a valid key: 403 in the standard's error format", async () => {
    const none = await report({ api_key: "" });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toEqual(SPEC.errorsJson);
    const wrong = await report({ api_key: "balai_not-a-real-key-at-all-000000000" }, "xml");
    expect(wrong.statusCode).toBe(403);
    expect(wrong.headers["content-type"]).toMatch(/^text\/xml/);
    expect(parser.parse(wrong.body)).toEqual(parser.parse(SPEC.errorsXml));
    // A Malang key is not a Palembang key.
    expect((await report({ api_key: malangKey })).statusCode).toBe(403);
  });

  it("creates a request (form encoded) and reads it back by id, token and list, in both formats", async () => {
    const res = await report({ account_id: "wp-778", media_url: "https://example.org/lubang.jpg", address_string: "Jl. Merdeka depan No. 10" });
    expect(res.statusCode).toBe(201);
    const [created] = res.json();
    expect(Object.keys(created)).toEqual([...Object.keys(SPEC.createdJson[0]), "token"]);
    expect(created.service_request_id).toMatch(/^LJLN-\d{4}-\d{6}$/);
    expect(created.account_id).toBe("wp-778");
    expect(created.service_notice).toMatch(/10 hari kerja/);
    const id = created.service_request_id;

    // Stored on behalf of the app: a per-reporter account that cannot log in, the contact details kept for staff.
    const row = await s.db.one<{ applicant_name: string; email: string; data: Record<string, unknown>; anonymous: boolean }>(
      `SELECT c.applicant_name, u.email, c.data, d.anonymous FROM cases c JOIN users u ON u.id = c.applicant_id
         JOIN complaint_details d ON d.case_id = c.id WHERE c.tenant_id = $1 AND c.number = $2`,
      [PALEMBANG, id],
    );
    expect(row).toMatchObject({ applicant_name: "Budi Santoso (via Aplikasi Warga Pintar)", data: { tingkat: "berat" }, anonymous: false });
    expect(row?.email).toMatch(/@apps\.balai\.invalid$/);
    const sub = await s.db.one("SELECT email, first_name, phone, media_url FROM open311_requests WHERE service_request_id = $1", [id]);
    expect(sub).toEqual({ email: "budi@example.com", first_name: "Budi", phone: "081298765432", media_url: "https://example.org/lubang.jpg" });

    const one = await get(`/requests/${id}.json`);
    expect(one.statusCode).toBe(200);
    const [item] = one.json();
    expect(Object.keys(item)).toEqual(Object.keys(SPEC.requestsJson[0]));
    expect(item).toMatchObject({
      service_request_id: id,
      status: "open",
      service_code: "lapor-jalan-rusak",
      service_name: "Jalan rusak",
      description: "Lubang besar di tengah jalan, berbahaya untuk motor.",
      address: "Jl. Merdeka depan No. 10",
      lat: -2.985,
      long: 104.745,
      media_url: null,
    });
    expect(item.status_notes).toBeTruthy();
    expect(item.agency_responsible).toBeTruthy();
    expect(item.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(item.expected_datetime).toMatch(/\+07:00$/);
    // The reporter is never in the public output.
    expect(one.body).not.toMatch(/Budi|budi@|0812|wp-778|example\.org/);

    const xml = await get(`/requests/${id}.xml`);
    expect(xmlShape(xml.body)).toEqual(xmlShape(SPEC.requestsXml));
    expect(parser.parse(xml.body).service_requests.request[0].service_request_id).toBe(id);

    const token = await get(`/tokens/${created.token}.json`);
    expect(token.json()).toEqual([{ service_request_id: id, token: created.token }]);
    expect(xmlShape((await get(`/tokens/${created.token}.xml`)).body)).toEqual(xmlShape(SPEC.tokenXml));
    expect((await get("/tokens/nope.json")).statusCode).toBe(404);

    const createdXml = await report({ email: "siti@example.com", first_name: "Siti" }, "xml");
    expect(createdXml.statusCode).toBe(201);
    const createdShape = xmlShape(createdXml.body);
    expect(createdShape.filter((p) => !p.endsWith("/token"))).toEqual(xmlShape(SPEC.createdXml));

    const list = await get(`/requests.json?service_request_id=${id},NOPE-1`);
    expect(list.json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
    const all = await get("/requests.json?service_code=lapor-jalan-rusak&status=open");
    expect(all.json().length).toBeGreaterThanOrEqual(2);
    expect((await get("/requests.json?status=closed")).json().map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(id);
    const listXml = await get("/requests.xml?service_code=lapor-jalan-rusak");
    expect(xmlShape(listXml.body)).toEqual(xmlShape(SPEC.requestsXml));
    expect((await get("/requests.json?service_code=lapor-sampah")).json().map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(id);
    // Pagination (extension).
    const p1 = (await get("/requests.json?page_size=1&page=1")).json();
    const p2 = (await get("/requests.json?page_size=1&page=2")).json();
    expect(p1).toHaveLength(1);
    expect(p2).toHaveLength(1);
    expect(p1[0].service_request_id).not.toBe(p2[0].service_request_id);
  });

  it("also takes a JSON body", async () => {
    const res = await s.app.inject({
      method: "POST",
      url: `${base}/requests.json`,
      payload: {
        api_key: key,
        service_code: "lapor-banjir-drainase",
        lat: -2.97,
        long: 104.75,
        kelurahan: DEMO_KELURAHAN,
        description: "Genangan setinggi lutut setelah hujan.",
        attribute: { kedalaman_cm: "45" },
        device_id: "android-123",
      },
      headers: { "x-balai-tenant": PALEMBANG },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json()[0].service_request_id;
    const row = await s.db.one<{ data: Record<string, unknown> }>("SELECT data FROM cases WHERE tenant_id = $1 AND number = $2", [PALEMBANG, id]);
    expect(row?.data).toEqual({ kedalaman_cm: 45 });
  });

  it("checks attributes and required values with 400s", async () => {
    // A new published version of the category with a required attribute.
    const cur = await s.db.one<{ version: number; spec: { form: { fields: { required?: boolean }[] } } }>(
      "SELECT v.version, v.spec FROM services s JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version WHERE s.tenant_id = $1 AND s.key = 'lapor-sampah'",
      [PALEMBANG],
    );
    const spec = structuredClone(cur!.spec);
    spec.form.fields[0].required = true;
    await s.db.query(
      "INSERT INTO service_versions (tenant_id, service_key, version, spec, status, published_at) VALUES ($1, 'lapor-sampah', $2, $3::jsonb, 'published', now())",
      [PALEMBANG, cur!.version + 1, spec],
    );
    await s.db.query("UPDATE services SET current_version = $2 WHERE tenant_id = $1 AND key = 'lapor-sampah'", [PALEMBANG, cur!.version + 1]);
    expect((await get("/services/lapor-sampah.json")).json().attributes[0]).toMatchObject({ code: "jenis", required: true });

    const missing = await report({ service_code: "lapor-sampah", "attribute[tingkat]": [] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()[0]).toMatchObject({ code: 400, description: expect.stringMatching(/attribute\[jenis\] is required/) });
    const missingXml = await report({ service_code: "lapor-sampah", "attribute[tingkat]": [] }, "xml");
    expect(missingXml.statusCode).toBe(400);
    expect(xmlShape(missingXml.body)).toEqual(xmlShape(SPEC.errorsXml));
    const wrongValue = await report({ service_code: "lapor-sampah", "attribute[tingkat]": [], "attribute[jenis]": "emas" });
    expect(wrongValue.json()[0].description).toMatch(/emas is not one of/);
    const ok = await report({ service_code: "lapor-sampah", "attribute[tingkat]": [], "attribute[jenis]": "tps_penuh" });
    expect(ok.statusCode).toBe(201);

    expect((await report({ "attribute[tingkat]": "parah" })).json()[0].description).toMatch(/parah is not one of/);
    expect((await report({ "attribute[warna]": "merah" })).json()[0].description).toMatch(/not an attribute/);
    expect((await report({ service_code: "" })).json()[0].description).toMatch(/service_code is required/);
    expect((await report({ service_code: "lapor-tidak-ada" })).statusCode).toBe(404);
    expect((await report({ description: "" })).json()[0].description).toMatch(/description is required/);
    const noPlace = await report({ lat: "", long: "", address_string: "" });
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.json()[0].description).toMatch(/lat and long, or address_string/);
    expect((await report({ lat: "", long: "", address_id: "545483" })).json()[0].description).toMatch(/address_id is not known here/);
    expect((await report({ long: "" })).json()[0].description).toMatch(/lat and long must be sent together/);
    expect((await report({ lat: "91" })).statusCode).toBe(400);
    // Outside the city (Malang coordinates for Palembang).
    const outside = await report({ lat: "-7.9666", long: "112.6326" });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()[0].description).toMatch(/location-outside-tenant/);
    // The kelurahan extension is optional (intake.test.ts), but a code that is not a kelurahan of the city is wrong.
    const badKel = await report({ kelurahan: "35.73.01.1001" });
    expect(badKel.statusCode).toBe(400);
    expect(badKel.json()[0].description).toBe("kelurahan: enum");
  });

  it("never lists confidential reports", async () => {
    const conf = await report({ confidential: "true", description: "Rahasia: pungutan di loket." });
    expect(conf.statusCode).toBe(201);
    const id = conf.json()[0].service_request_id;
    expect((await get(`/requests/${id}.json`)).statusCode).toBe(404);
    expect((await get(`/requests.json?service_request_id=${id}`)).json()).toEqual([]);
    const all = await get("/requests.json?page_size=200");
    expect(all.body).not.toContain(id);
    expect(all.body).not.toContain("Rahasia");
  });

  it("answers a jurisdiction mismatch with 404 and keeps tenants apart", async () => {
    const wrong = await get(`/services.json?jurisdiction_id=${MALANG}`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()[0].description).toMatch(/jurisdiction_id 35\.73/);
    expect((await get(`/services.json?jurisdiction_id=${PALEMBANG}`)).statusCode).toBe(200);
    expect((await report({ jurisdiction_id: MALANG })).statusCode).toBe(404);
    expect((await get(`/requests.xml?jurisdiction_id=${MALANG}`)).statusCode).toBe(404);
    // Palembang's reports are not Malang's.
    const palembangIds = (await get("/requests.json")).json().map((r: { service_request_id: string }) => r.service_request_id);
    expect(palembangIds.length).toBeGreaterThan(0);
    const malang = (await get("/requests.json", MALANG)).json();
    expect(malang).toEqual([]);
    expect((await get(`/requests/${palembangIds[0]}.json`, MALANG)).statusCode).toBe(404);
  });

  it("locates the kelurahan itself when boundaries are loaded, and files anonymous reports without reporter details", async () => {
    await s.db.tx((q) =>
      importBoundaries(q, PALEMBANG, {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { kode: DEMO_KELURAHAN },
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [104.74, -2.99],
                  [104.75, -2.99],
                  [104.75, -2.98],
                  [104.74, -2.98],
                  [104.74, -2.99],
                ],
              ],
            },
          },
        ],
      }),
    );
    const res = await report({ kelurahan: "", email: "", first_name: "", last_name: "", phone: "" });
    expect(res.statusCode).toBe(201);
    const id = res.json()[0].service_request_id;
    const row = await s.db.one<{ kelurahan_code: string; anonymous: boolean; applicant_name: string | null }>(
      "SELECT c.kelurahan_code, d.anonymous, c.applicant_name FROM cases c JOIN complaint_details d ON d.case_id = c.id WHERE c.number = $1",
      [id],
    );
    expect(row).toEqual({ kelurahan_code: DEMO_KELURAHAN, anonymous: true, applicant_name: null });
    const item = (await get(`/requests/${id}.json`)).json()[0];
    expect(item.address).toBe("Kelurahan 26 Ilir I, Kecamatan Ilir Barat I");
  });

  it("answers unknown paths and formats in the standard's error format", async () => {
    const r = await get("/services.csv");
    expect(r.statusCode).toBe(404);
    expect(r.json()[0].code).toBe(404);
    expect((await get("/requests/abc")).statusCode).toBe(404);
    expect((await get("/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")).json()[0].description).toMatch(/at most 90 days/);
    expect((await get("/requests.json?status=pending")).statusCode).toBe(400);
    expect((await get("/requests.json?start_date=yesterday")).statusCode).toBe(400);
    expect((await get("/requests.json?page_size=5000")).statusCode).toBe(400);
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    expect((await admin.request("GET", "/api/admin/api-keys")).body.length).toBeGreaterThan(0);
  });
});

describe("Open311 helpers", () => {
  it("formats times in the tenant's zone", () => {
    expect(isoInZone("2026-03-05T07:02:11Z", "Asia/Jakarta")).toBe("2026-03-05T14:02:11+07:00");
    expect(isoInZone("2026-03-05T23:30:00Z", "Asia/Makassar")).toBe("2026-03-06T07:30:00+08:00");
    expect(isoInZone(null, "Asia/Jakarta")).toBeNull();
  });

  it("defaults to the last 90 days and completes half-open windows", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const f = parseListQuery({}, now);
    expect(f.end).toEqual(now);
    expect(f.start).toEqual(new Date("2026-03-03T00:00:00Z"));
    expect(f).toMatchObject({ limit: 50, offset: 0 });
    const fromStart = parseListQuery({ start_date: "2026-05-01" }, now);
    expect(fromStart.end).toEqual(now);
    const fromEnd = parseListQuery({ end_date: "2026-05-01T00:00:00+07:00" }, now);
    expect(fromEnd.end!.getTime() - fromEnd.start!.getTime()).toBe(90 * 86_400_000);
    expect(parseListQuery({ service_request_id: "A-1, B-2", status: "open" }, now)).toEqual({ numbers: ["A-1", "B-2"], limit: 50, offset: 0 });
    expect(parseListQuery({ status: "open,closed", page: "3", page_size: "10" }, now)).toMatchObject({ status: undefined, limit: 10, offset: 20 });
  });
});

#!/usr/bin/env -S node --max-semi-space-size=8 --liftoff-only
// The `balai` command. Node >= 22.18 runs the TypeScript sources directly (type stripping).
// --max-semi-space-size=8 (MB): V8's young generation on a large-memory machine otherwise grows to 3 × 32 MB and
// stays resident; 8 keeps an idle server ~100 MB smaller for a few more quick scavenges (docs/deploy.md, Memory).
// --liftoff-only: PGlite's 9 MB WebAssembly PostgreSQL runs on V8's baseline compiler only; optimising its hot
// functions with TurboFan took ~450 MB for a moment at every start and left ~85 MB in malloc arenas for good.
// Not --optimize-for-size: it saves ~50 MB more at idle but cut catalog search on PostgreSQL from 6,457 to 2,108 req/s
// (docs/deploy.md, Memory).
import { main } from "../src/cli.ts";

main();

#!/usr/bin/env -S node --max-semi-space-size=8
// The `balai` command. Node >= 22.18 runs the TypeScript sources directly (type stripping).
// --max-semi-space-size=8 (MB): V8's young generation on a large-memory machine otherwise grows to 3 × 32 MB and
// stays resident; 8 keeps an idle server ~100 MB smaller for a few more quick scavenges (docs/deploy.md, Memory).
import { main } from "../src/cli.ts";

main();

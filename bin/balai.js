#!/usr/bin/env node
// The `balai` command. Node >= 22.18 runs the TypeScript sources directly (type stripping).
import { main } from "../src/cli.ts";

main();

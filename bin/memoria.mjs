#!/usr/bin/env node
// The package's `memoria` command: runs src/cli/main.ts through tsx's loader API, so the command line needs
// no build step (the same code `npm run -s cli` runs). Arguments, exit status and output are main.ts's.
import { register } from 'tsx/esm/api'

register()
const { runMain } = await import('../src/cli/main.ts')
runMain()

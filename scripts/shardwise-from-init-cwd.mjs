// The repository's `pnpm shardwise …` and `pnpm train …` scripts run here. pnpm starts every
// script in the workspace root, so relative paths (`--data rows.csv`, `--out model.safetensors`)
// would resolve against the repository instead of where the user typed the command; pnpm names
// that directory in INIT_CWD, so move there first, then run the built command line.
// Only these scripts do this: the `shardwise` bin itself never reads INIT_CWD, because a user's
// own npm script sets it too, and there the script's working directory is the one that counts.
const initCwd = process.env.INIT_CWD;
if (initCwd) process.chdir(initCwd);
await import('../packages/cli/dist/bin.js');

// yargs renders a command's whole help text right after starting its handler (its
// `cacheHelpMessage`, kept so that a later `showHelp()` shows that command's help). The CLI never
// asks for help after a command has started, and rendering `train`'s flags took 0.2–0.6 s of the
// main thread on a loaded 2-core machine (timed from the handler's start to parseAsync's end),
// which `train` spent while its run set up: the cache is turned off instead.
import type { Argv } from 'yargs';

/** The part of yargs' internal usage object that caches the help (yargs 17–18). */
interface UsageInstance {
  cacheHelpMessage?: () => void;
}

/**
 * Makes `cli` skip rendering the help text of a command that runs (`--help` still renders it).
 * Returns whether it could: false where yargs' internals differ (then nothing changes).
 */
export function skipHelpCache(cli: Argv): boolean {
  const internal = (
    cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => UsageInstance } }
  )
    .getInternalMethods?.()
    .getUsageInstance?.();
  if (typeof internal?.cacheHelpMessage !== 'function') return false;
  internal.cacheHelpMessage = () => {};
  return true;
}

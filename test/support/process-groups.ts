/** Process groups a test started, stopped afterwards even when an assertion failed first. */
export function killLeftoverGroups(groups: number[]): void {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
}

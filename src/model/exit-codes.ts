/** The exit codes of every crossmesh command, documented in the README and in --help. */
export const EXIT = {
  /** done; for status: every step matches the plan */
  ok: 0,
  /** a step failed or was refused, or a cluster could not be read */
  failed: 1,
  /** the command line or crossmesh.yaml is wrong: nothing was done */
  usage: 2,
  /** status: some objects are missing or differ, a zone is offline, or a Mesh is not in step in a zone */
  notInSync: 3,
  /** stopped with Ctrl-C */
  interrupted: 130,
} as const;

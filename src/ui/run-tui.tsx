export async function runTui(_: unknown): Promise<number> { return 0; }

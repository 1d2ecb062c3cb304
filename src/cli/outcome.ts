// Commands report their exit code here; only the entry point turns it into process.exit.
let exitCode = 0;

export function setExitCode(code: number): void {
  exitCode = code;
}

export function getExitCode(): number {
  return exitCode;
}

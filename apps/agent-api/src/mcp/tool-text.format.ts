/** Text renderings shared by the tools' readable answers. */
export class ToolText {
  /** An offset in a call as m:ss. */
  static offset(ms: number): string {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
}

/**
 * Print (the print stylesheet leaves only the briefing: "Save as PDF" in the print dialog) and
 * the Markdown download (a plain link: the browser sends its session cookie with it).
 */
export function BriefingActions({ markdownPath }: { markdownPath: string | null }) {
  return (
    <div className="briefing-actions-bar no-print">
      <button type="button" className="btn btn-primary" onClick={() => window.print()}>
        Print or save as PDF
      </button>
      {markdownPath && (
        <a className="btn" href={markdownPath} download={markdownPath.split('/').pop() ?? 'briefing.md'}>
          Download Markdown
        </a>
      )}
    </div>
  );
}

import { useState } from 'react';
import { currentToken } from '../auth/session';

/**
 * Print (the print stylesheet leaves only the briefing: "Save as PDF" in the print dialog) and
 * the Markdown download (fetched with the session's bearer token and saved as a file).
 */
export function BriefingActions({ markdownPath }: { markdownPath: string | null }) {
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    if (!markdownPath) return;
    setProblem(null);
    const res = await fetch(markdownPath, {
      headers: { authorization: 'Bearer ' + (currentToken() ?? '') },
    });
    if (!res.ok) {
      setProblem(`The Markdown could not be downloaded (HTTP ${res.status}).`);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = markdownPath.split('/').pop() ?? 'briefing.md';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="briefing-actions-bar no-print">
      <button type="button" className="btn btn-primary" onClick={() => window.print()}>
        Print or save as PDF
      </button>
      {markdownPath && (
        <button type="button" className="btn" onClick={() => void download()}>
          Download Markdown
        </button>
      )}
      {problem && (
        <span className="small tone-red" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

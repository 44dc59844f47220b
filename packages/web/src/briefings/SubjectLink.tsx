import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

const PATH: Record<string, string> = { OBJECTIVE: 'objectives', KPI: 'kpis', INITIATIVE: 'initiatives' };

/**
 * A briefing line's subject, linked to its page when it has one. On paper the print stylesheet
 * writes the full address after the text (`data-print-url`), so a printed copy still says where
 * each subject lives.
 */
export function SubjectLink({
  subjectType,
  subjectId,
  children,
}: {
  subjectType: string;
  subjectId: string;
  children: ReactNode;
}) {
  const path = PATH[subjectType];
  if (!path) return <>{children}</>;
  const to = `/${path}/${subjectId}`;
  return (
    <Link to={to} data-print-url={`${window.location.origin}${to}`}>
      {children}
    </Link>
  );
}

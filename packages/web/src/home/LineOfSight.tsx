import { Link } from 'react-router-dom';
import { Card, Empty, HealthBadge } from '../ui/components';
import { lineOfSightTree, type LineNode, type LineObjective } from './line-of-sight';

function Branch({ nodes }: { nodes: LineNode[] }) {
  return (
    <ul className="los-tree">
      {nodes.map((n) => (
        <li key={n.objective.id}>
          <div className="los-item">
            <HealthBadge health={n.objective.health} compact />
            <span className="los-text">
              <Link to={`/objectives/${n.objective.id}`}>{n.objective.title}</Link>
              <span className="faint small nowrap"> · {n.objective.unit.name}</span>
            </span>
          </div>
          {n.children.length > 0 && <Branch nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

/** How a person's work connects to the company's objectives: one tree, each objective once. */
export function LineOfSight({ objectives }: { objectives: LineObjective[] }) {
  const roots = lineOfSightTree(objectives);
  return (
    <Card title="Line of sight" className="line-of-sight">
      {roots.length === 0 ? (
        <Empty>Your work is not linked to an objective yet.</Empty>
      ) : (
        <div className="los-root">
          <Branch nodes={roots} />
        </div>
      )}
    </Card>
  );
}

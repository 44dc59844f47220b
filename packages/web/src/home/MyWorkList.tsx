import type { WorkItemRowFragment } from '@throughline/shared/graphql';
import { Link } from 'react-router-dom';
import { Icon } from '../app-shell/icons';
import { Chip } from '../ui/components';
import { workKind } from './my-work-kinds';
import './my-work.css';

/**
 * The entries of a person's "what I must do" list, in the server's order (overdue first): each
 * with its kind, a link to where it is done, why now, and "Overdue" when its date has passed.
 */
export function MyWorkList({ items }: { items: readonly WorkItemRowFragment[] }) {
  return (
    <ul className="list my-work-list" aria-label="What I must do">
      {items.map((item) => {
        const kind = workKind(item.kind);
        return (
          <li key={item.id} className={item.overdue ? 'my-work-item is-overdue' : 'my-work-item'}>
            <span className={`my-work-icon kind-${item.kind.toLowerCase()}`}>
              <Icon name={kind.icon} />
            </span>
            <div className="grow">
              <Link to={item.path} className="title">
                {item.title}
              </Link>
              <div className="meta">{item.detail}</div>
            </div>
            <span className="my-work-chips">
              <Chip tone="grey">{kind.label}</Chip>
              {item.overdue && <Chip tone="red">Overdue</Chip>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

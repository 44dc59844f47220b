import type { MyDigestQuery } from '@throughline/shared/graphql';
import { Link } from 'react-router-dom';
import { Card } from '../ui/components';
import './digest-section.css';

type Section = MyDigestQuery['myDigest']['sections'][number];

/** One section of the digest: a titled list, each line linked to where it lives in the app. */
export function DigestSectionCard({ section }: { section: Section }) {
  return (
    <Card
      title={`${section.title} (${section.items.length})`}
      className={`digest-section digest-${section.key}`}
    >
      <ul className="digest-items">
        {section.items.map((i) => (
          <li key={i.id} className="digest-item">
            <Link to={i.path} className="digest-item-title">
              {i.title}
            </Link>
            <span className="digest-item-detail">{i.detail}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

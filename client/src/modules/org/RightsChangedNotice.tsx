import { useEffect, useRef, useState } from 'react';
import { roleLabel } from '../../core/labels';
import type { ViewerQuery } from '../../gql/graphql';

type Viewer = NonNullable<ViewerQuery['me']>;

/** "Sagsbehandler i Jobcenter", "Mentor": the placement as the administration page names it. */
const placementText = (v: Viewer) => `${roleLabel(v.role).toLowerCase()}${v.unit ? ` i ${v.unit.name}` : ''}`;

/**
 * An administrator changed the signed-in user's role or unit while they had Samplan open: the
 * server closes their live connection, the screens read who they are again, and the menu and
 * pages change under them. Said once, until closed, so the change is not taken for a fault.
 */
export function RightsChangedNotice({ viewer }: { viewer: Viewer | null }) {
  const placement = viewer ? `${viewer.role} ${viewer.unit?.id ?? ''}` : null;
  const was = useRef<{ placement: string; role: string } | null>(null);
  const [now, setNow] = useState<{ text: string; roleChanged: boolean } | null>(null);
  useEffect(() => {
    if (!viewer || !placement) return;
    if (was.current && placement !== was.current.placement) setNow({ text: placementText(viewer), roleChanged: viewer.role !== was.current.role });
    was.current = { placement, role: viewer.role };
  }, [placement, viewer]);
  if (!now) return null;
  return (
    <div className="notice notice-info" role="status">
      <p>
        <strong>{now.roleChanged ? 'Din rolle er ændret.' : 'Din enhed er ændret.'}</strong> En administrator har gjort dig til {now.text}. Menuen og
        siderne viser nu det, du har adgang til.
      </p>
      <button type="button" className="button button-secondary" onClick={() => setNow(null)}>
        Luk
      </button>
    </div>
  );
}

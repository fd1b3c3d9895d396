import { useEffect } from 'react';
import { Link, paths } from '../core/router';

export function NotFoundPage() {
  useEffect(() => {
    document.title = 'Siden findes ikke – Samplan';
  }, []);
  return (
    <>
      <h1 tabIndex={-1}>Siden findes ikke</h1>
      <p>
        Adressen passer ikke til nogen side i Samplan. <Link to={paths.home()}>Gå til forsiden</Link>.
      </p>
    </>
  );
}

import { render, screen } from '@testing-library/react';
import { AuthContext, type Auth } from '../../core/auth';
import { NotAUserPage } from './OidcPages';

/**
 * "Ingen adgang": a genuine sign-in of someone Samplan will not let in, told in the words that
 * fit them. A citizen has no administrator to ask; staff do.
 */
function renderFor(over: Partial<Auth>) {
  render(
    <AuthContext.Provider value={{ logout: jest.fn(), notAUserReason: 'unknown', ...over } as unknown as Auth}>
      <NotAUserPage />
    </AuthContext.Provider>,
  );
}

it('a citizen without a plan in Samplan is sent to their municipality, not to an administrator', () => {
  renderFor({ notAUserReason: 'citizen' });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Ingen plan i Samplan til dit log ind');
  expect(document.body.textContent).toContain('kontakt din kommune eller dit jobcenter');
  expect(document.body.textContent).not.toContain('administrator');
  expect(screen.getByRole('button', { name: 'Log ud' })).toBeTruthy();
});

it('a member of staff nobody created, or one deactivated, is sent to their administrator', () => {
  renderFor({});
  expect(document.body.textContent).toContain('din administrator har ikke oprettet dig som bruger i Samplan');
  document.body.innerHTML = '';
  renderFor({ notAUserReason: 'deactivated' });
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Din bruger er deaktiveret i Samplan — kontakt din administrator.');
});

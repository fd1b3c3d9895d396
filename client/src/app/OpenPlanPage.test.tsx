import { fireEvent, render, screen } from '@testing-library/react';
import { OpenPlanPage } from './OpenPlanPage';

// The page keeps its choices in the address: each test starts from a bare one.
afterEach(() => window.history.replaceState(null, '', '/'));

describe('Åbn en plan', () => {
  it('asks for the plan id before opening, and puts focus on the field', () => {
    render(<OpenPlanPage />);
    const field = screen.getByRole('textbox', { name: 'Planens id' });
    const open = screen.getByRole('button', { name: 'Åbn plan' });
    // As a real click does, focus is on the button when the form is sent.
    open.focus();
    fireEvent.click(open);
    const problem = screen.getByText('Skriv planens id.');
    expect(window.location.pathname).toBe('/');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(problem.id);
    // Focus goes to the field, which names its problem: a screen reader says both.
    expect(document.activeElement).toBe(field);
  });

  it('opens the plan with the id typed', () => {
    render(<OpenPlanPage />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Planens id' }), { target: { value: '  plan-42 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Åbn plan' }));
    expect(window.location.pathname).toBe('/plan/plan-42');
  });
});

import { act, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { useOpenForPrint } from './openForPrint';

function Sections() {
  const ref = useRef<HTMLDivElement>(null);
  useOpenForPrint(ref);
  return (
    <div ref={ref}>
      <details data-testid="folded">
        <summary>Jobcenter: måned for måned</summary>
        <p>Tallene</p>
      </details>
      <details data-testid="unfolded" open>
        <summary>Hvad tæller med? Nøgletallenes definitioner</summary>
        <p>Definitionerne</p>
      </details>
    </div>
  );
}

const print = (event: 'beforeprint' | 'afterprint') => act(() => {
  window.dispatchEvent(new Event(event));
});

describe('the folded sections of Nøgletal on paper', () => {
  it('open while printed, and those the leader had closed fold again after; one she had opened stays open', () => {
    render(<Sections />);
    const folded = screen.getByTestId('folded') as HTMLDetailsElement;
    const unfolded = screen.getByTestId('unfolded') as HTMLDetailsElement;
    print('beforeprint');
    expect([folded.open, unfolded.open]).toEqual([true, true]);
    print('afterprint');
    expect([folded.open, unfolded.open]).toEqual([false, true]);
  });
});

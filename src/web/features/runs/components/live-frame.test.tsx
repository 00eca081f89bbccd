import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import userEvent from '@testing-library/user-event';
import { FRAME_BLOCKED, LiveFrame, NEW_TAB_LINK, USE_LIVE_VIEW } from './live-frame';

function refuse(frame: HTMLElement, blockedURI: string, effectiveDirective = 'frame-src') {
  const event = Object.assign(new Event('securitypolicyviolation', { bubbles: true }), {
    blockedURI,
    effectiveDirective,
  });
  act(() => {
    frame.dispatchEvent(event);
  });
}

describe('LiveFrame', () => {
  it('frames a documented platform view with its own origin, anything else without', () => {
    const { rerender } = render(<LiveFrame url="https://live.anchorbrowser.io/?sessionId=s1" />);
    expect(screen.getByTitle('Live view')).toHaveAttribute(
      'sandbox',
      'allow-scripts allow-same-origin',
    );
    rerender(<LiveFrame url="http://127.0.0.1:8788/s/abc" />);
    expect(screen.getByTitle('Live view')).toHaveAttribute('sandbox', 'allow-scripts allow-forms');
  });

  it('says to reload when the page’s policy refused the frame, keeping the new-tab link', () => {
    const url = 'https://new.example.net/s/1';
    render(<LiveFrame url={url} />);
    refuse(screen.getByTitle('Live view'), 'https://elsewhere.example/x');
    refuse(screen.getByTitle('Live view'), url, 'img-src');
    expect(screen.getByTitle('Live view')).toBeInTheDocument();

    refuse(screen.getByTitle('Live view'), url);
    expect(screen.queryByTitle('Live view')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(FRAME_BLOCKED);
    expect(screen.getByRole('link', { name: NEW_TAB_LINK })).toHaveAttribute('href', url);
  });

  it('keeps the live view out of the tab order until the reviewer clicks into it', async () => {
    render(<LiveFrame url="https://live.anchorbrowser.io/?sessionId=s1" />);
    expect(screen.getByTitle('Live view')).toHaveAttribute('inert');
    await userEvent.setup().click(screen.getByRole('button', { name: USE_LIVE_VIEW }));
    expect(screen.getByTitle('Live view')).not.toHaveAttribute('inert');
    expect(screen.queryByRole('button', { name: USE_LIVE_VIEW })).not.toBeInTheDocument();
  });

  it('never frames a URL that is not http(s)', () => {
    render(<LiveFrame url="javascript:alert(1)" />);
    expect(screen.queryByTitle('Live view')).not.toBeInTheDocument();
    expect(screen.getByText('This run has no live view.')).toBeInTheDocument();
  });
});

import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../testing/render';
import { mockDb } from '../../../testing/msw/handlers';
import { answeredFirstBy, dropFirstAnswer, RETRY_WAIT, seedRequest } from './card-test-kit';
import { RETRYING_NOTE, VIEWER_NOTE } from './card-frame';
import { MessageCard } from './message-card';

const SEND = { name: 'Send' };
const fields = [
  { name: 'street', label: 'Street', required: true, placeholder: '1 Main St' },
  { name: 'city', label: 'City', required: true, defaultValue: 'Berlin' },
  { name: 'notes', label: 'Delivery notes' },
];

beforeEach(() => mockDb.reset());

describe('MessageCard', () => {
  it('shows the message and one reply box when there are no fields', () => {
    const request = seedRequest('message', { message: 'I need the **shipping address**.' });
    renderWithProviders(<MessageCard request={request} role="reviewer" />);
    expect(screen.getByText('shipping address').tagName).toBe('STRONG');
    expect(screen.getByRole('heading', { level: 3 })).toHaveTextContent('The agent needs a reply');
    expect(screen.getAllByText(/I need the/)).toHaveLength(1);
    expect(screen.getByLabelText('Your reply')).toBeInTheDocument();
  });

  it('sends the reply text once some is typed', async () => {
    const request = seedRequest('message');
    const { user } = renderWithProviders(<MessageCard request={request} role="reviewer" />);
    expect(screen.getByRole('button', SEND)).toBeDisabled();
    await user.type(screen.getByLabelText('Your reply'), ' 1 Main St, Berlin ');
    await user.click(screen.getByRole('button', SEND));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ text: '1 Main St, Berlin' });
  });

  it('offers the agent’s replies: picking one fills in its text, and the pick is sent', async () => {
    const request = seedRequest('message', {
      message: 'Which warehouse?',
      options: [
        { name: 'berlin', title: 'Berlin', description: 'Next-day', prefill: 'Ship from Berlin' },
        { name: 'lyon', title: 'Lyon' },
      ],
    });
    const { user } = renderWithProviders(<MessageCard request={request} role="reviewer" />);
    expect(screen.getByText('Next-day')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /Berlin/ }));
    expect(screen.getByLabelText('Your reply')).toHaveValue('Ship from Berlin');
    await user.click(screen.getByRole('radio', { name: /Lyon/ }));
    expect(screen.getByLabelText('Your reply')).toHaveValue('');
    await user.type(screen.getByLabelText('Your reply'), 'Lyon, by truck');
    await user.click(screen.getByRole('radio', { name: /Berlin/ }));
    expect(screen.getByLabelText('Your reply')).toHaveValue('Lyon, by truck');
    await user.click(screen.getByRole('button', SEND));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ text: 'Lyon, by truck', option: 'berlin' });
  });

  it('shows the fields as labelled inputs with their placeholders and defaults', () => {
    const request = seedRequest('message', { fields });
    renderWithProviders(<MessageCard request={request} role="reviewer" />);
    expect(screen.getByLabelText(/Street/)).toHaveAttribute('placeholder', '1 Main St');
    expect(screen.getByLabelText(/Street/)).toBeRequired();
    expect(screen.getByLabelText(/City/)).toHaveValue('Berlin');
    expect(screen.getByLabelText('Delivery notes')).not.toBeRequired();
    expect(screen.queryByLabelText('Your reply')).not.toBeInTheDocument();
  });

  it('enables Send when the required fields are filled, and sends every field', async () => {
    const request = seedRequest('message', { fields });
    const { user } = renderWithProviders(<MessageCard request={request} role="reviewer" />);
    expect(screen.getByRole('button', SEND)).toBeDisabled();
    await user.type(screen.getByLabelText(/Street/), '1 Main St');
    expect(screen.getByRole('button', SEND)).toBeEnabled();
    await user.clear(screen.getByLabelText(/City/));
    expect(screen.getByRole('button', SEND)).toBeDisabled();
    await user.type(screen.getByLabelText(/City/), 'Paris');
    await user.click(screen.getByRole('button', SEND));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({
      fields: { street: '1 Main St', city: 'Paris', notes: '' },
    });
  });

  it('keeps typed fields as a draft across a remount', async () => {
    const request = seedRequest('message', { fields });
    const first = renderWithProviders(<MessageCard request={request} role="reviewer" />);
    await first.user.type(screen.getByLabelText(/Street/), '9 Elm Rd');
    first.unmount();
    renderWithProviders(<MessageCard request={request} role="reviewer" />);
    expect(screen.getByLabelText(/Street/)).toHaveValue('9 Elm Rd');
    expect(screen.getByLabelText(/City/)).toHaveValue('Berlin');
  });

  it('shows who answered first and their reply', async () => {
    const request = seedRequest('message', { fields });
    answeredFirstBy('dana', { fields: { street: '5 Oak Ave', city: 'Rome', notes: '' } });
    const { user } = renderWithProviders(<MessageCard request={request} role="reviewer" />);
    await user.type(screen.getByLabelText(/Street/), '1 Main St');
    await user.click(screen.getByRole('button', SEND));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Already answered by dana');
    expect(alert).toHaveTextContent('Street5 Oak Ave');
    expect(alert).toHaveTextContent('CityRome');
  });

  it('retries a dropped answer with the same idempotency key', async () => {
    const request = seedRequest('message');
    const dropped = dropFirstAnswer();
    const { user } = renderWithProviders(<MessageCard request={request} role="reviewer" />);
    await user.type(screen.getByLabelText('Your reply'), 'Hello');
    await user.click(screen.getByRole('button', SEND));
    expect(await screen.findByText(RETRYING_NOTE)).toBeInTheDocument();
    expect(screen.getByLabelText('Your reply')).toHaveValue('Hello');
    await waitFor(() => expect(mockDb.answers).toHaveLength(1), RETRY_WAIT);
    expect(mockDb.answers[0]?.idempotencyKey).toBe(dropped[0]);
    expect(mockDb.answers[0]?.body).toEqual({ text: 'Hello' });
  });

  it('lets viewers read the message but not reply', () => {
    const request = seedRequest('message');
    renderWithProviders(<MessageCard request={request} role="viewer" />);
    expect(screen.getByText(VIEWER_NOTE)).toBeInTheDocument();
    expect(screen.getByLabelText('Your reply')).toBeDisabled();
    expect(screen.getByRole('button', SEND)).toBeDisabled();
  });

  it('answers fields named __proto__ and constructor, whatever the saved draft holds', async () => {
    const request = seedRequest('message', {
      fields: [
        { name: '__proto__', label: 'Proto', required: true },
        { name: 'constructor', label: 'Constructor', required: true },
        { name: 'toString', label: 'Text' },
      ],
    });
    localStorage.setItem(`countersign:draft:${request.id}`, '{"text":"","fields":{}}');
    const { user } = renderWithProviders(<MessageCard request={request} role="reviewer" />);
    expect(screen.getByLabelText(/Constructor/)).toHaveValue('');
    expect(screen.getByRole('button', SEND)).toBeDisabled();
    await user.type(screen.getByLabelText(/Proto/), 'p');
    await user.type(screen.getByLabelText(/Constructor/), 'c');
    await user.click(screen.getByRole('button', SEND));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(JSON.stringify(mockDb.answers[0]?.body)).toBe(
      '{"fields":{"__proto__":"p","constructor":"c","toString":""}}',
    );
  });
});

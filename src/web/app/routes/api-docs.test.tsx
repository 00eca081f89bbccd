import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../testing/msw/server';
import { renderWithProviders } from '../../testing/render';
import { Component as ApiDocs } from './api-docs';

const document = {
  info: { title: 'Countersign API', description: 'Agents ask people.' },
  paths: {
    '/api/v1/runs/{id}/requests': {
      post: {
        summary: 'Ask a person',
        tags: ['Agents'],
        security: [{ agentToken: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          201: { description: 'The request', content: { 'application/json': { schema: {} } } },
          422: { description: 'Invalid content', content: { 'application/json': { schema: {} } } },
        },
      },
    },
    '/api/v1/hooks/{sourceId}': {
      post: {
        summary: "Receive a platform's webhook",
        tags: ['Platforms'],
        security: [],
        'x-caller': 'platform',
        parameters: [],
        responses: { 200: { description: 'Taken' } },
      },
    },
  },
};

describe('API reference page', () => {
  it('lists each operation under its group with who may call it, from the served document', async () => {
    server.use(http.get('*/api/v1/openapi.json', () => HttpResponse.json(document)));
    renderWithProviders(<ApiDocs />);
    expect(await screen.findByRole('heading', { name: 'Countersign API' })).toBeInTheDocument();
    const agents = screen.getByRole('region', { name: 'Agents' });
    const ask = within(agents).getByRole('article');
    expect(ask).toHaveTextContent('POST/api/v1/runs/{id}/requests');
    expect(ask).toHaveTextContent('Who: agent token');
    expect(within(ask).getByText('Request body')).toBeInTheDocument();
    expect(within(ask).getByText('201 The request')).toBeInTheDocument();
    expect(ask).toHaveTextContent('422 Invalid content');
    const hooks = screen.getByRole('region', { name: 'Platforms' });
    expect(hooks).toHaveTextContent('Who: the platform, signed as it defines');
  });
});

export const shortcuts: readonly { keys: string[]; description: string }[] = [
  { keys: ['j'], description: 'Next run in the inbox, next card on a run' },
  { keys: ['k'], description: 'Previous run in the inbox, previous card on a run' },
  { keys: ['Enter'], description: 'Open the highlighted run (in the search box: the first one)' },
  { keys: ['/'], description: 'Search the inbox' },
  { keys: ['a'], description: 'Approve the selected card' },
  { keys: ['d'], description: 'Deny the selected tool call (plans and output: write feedback)' },
  { keys: ['r'], description: 'Request changes to a plan, send output back' },
  { keys: ['s'], description: 'Submit answers to questions, send a message' },
  { keys: ['h'], description: 'Hand a takeover back to the agent' },
  {
    keys: ['x'],
    description:
      'Pick the highlighted run for Approve or Deny selected (inbox); stop the run from a takeover (asks first)',
  },
  { keys: ['c'], description: 'Claim the selected card: others see you are on it' },
  { keys: ['e'], description: 'Go to the selected card’s first field' },
  { keys: ['Esc'], description: 'Leave a field, back to its card' },
  { keys: ['?'], description: 'Show these shortcuts' },
];

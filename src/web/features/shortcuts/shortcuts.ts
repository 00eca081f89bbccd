export const shortcuts: readonly { keys: string[]; description: string }[] = [
  { keys: ['j'], description: 'Next run in the inbox' },
  { keys: ['k'], description: 'Previous run in the inbox' },
  { keys: ['Enter'], description: 'Open the highlighted run' },
  { keys: ['/'], description: 'Search the inbox' },
  { keys: ['a'], description: 'Approve (on a run)' },
  { keys: ['d'], description: 'Deny (on a run)' },
  { keys: ['?'], description: 'Show these shortcuts' },
];

import { createContext, useContext } from 'react';

const DeliveryHoldContext = createContext<string | null>(null);

type DeliveryHoldProviderProps = { hold: string | null | undefined; children: React.ReactNode };

/**
 * Why the run's answers are kept instead of sent (`Run.deliveryHold`: its platform has not yet said where
 * they go), for the cards and delivery states inside.
 */
export function DeliveryHoldProvider({ hold, children }: DeliveryHoldProviderProps) {
  return (
    <DeliveryHoldContext.Provider value={hold ?? null}>{children}</DeliveryHoldContext.Provider>
  );
}

export function useDeliveryHold(): string | null {
  return useContext(DeliveryHoldContext);
}

/** On a card waiting for an answer: the answer will be kept until the platform says where it goes. */
export function DeliveryHoldNotice() {
  const hold = useDeliveryHold();
  if (!hold) return null;
  return (
    <p
      role="note"
      className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
    >
      {hold}
    </p>
  );
}

import { Button } from './button';

type Pages = {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

/** The button under a paged list that fetches its next page; nothing once the last page is in. */
export function LoadMore({ list }: { list: Pages }) {
  if (!list.hasNextPage) return null;
  return (
    <div className="mt-3 flex justify-center">
      <Button
        variant="secondary"
        onClick={() => void list.fetchNextPage()}
        isLoading={list.isFetchingNextPage}
      >
        Load more
      </Button>
    </div>
  );
}

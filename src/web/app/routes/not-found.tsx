import { NotFoundPage } from '../../components/errors/error-page';

export function Component() {
  return <NotFoundPage />;
}

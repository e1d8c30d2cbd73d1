import { useQuery } from '@tanstack/react-query';
import { listFactories } from '../api/factory-api.js';

/** The factories the server hosts (one today), for the picker and the home page. */
export function useFactories() {
  return useQuery({ queryKey: ['factories'], queryFn: listFactories, staleTime: 60_000 });
}

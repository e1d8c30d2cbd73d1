/**
 * What nodes and edges can ask the canvas to do. Given through context rather than node data, so
 * that node data stays plain and comparable.
 */
import { createContext, useContext } from 'react';
import type { ListLocation } from './activity-tree.js';
import type { DependencyCondition } from './dependency-conditions.js';
import type { DependencyRef } from './pipeline-edits.js';

export interface CanvasActions {
  toggleCollapsed(containerName: string): void;
  /** Opens the "Add activity" dialog aimed at a list. */
  openPalette(location: ListLocation): void;
  setConditions(dependency: DependencyRef, conditions: readonly DependencyCondition[]): void;
  removeDependency(dependency: DependencyRef): void;
  /** Closes the dependency menu (the edge stays where it is). */
  closeEdgeMenu(): void;
}

export const CanvasActionsContext = createContext<CanvasActions | null>(null);

export function useCanvasActions(): CanvasActions {
  const actions = useContext(CanvasActionsContext);
  if (actions === null) throw new Error('Canvas nodes render inside PipelineCanvas only.');
  return actions;
}

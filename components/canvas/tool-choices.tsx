'use client';
import { createContext, useContext } from 'react';
import type { ToolChoice } from '@/lib/tools/choices';

/** The registry's tools for this editor (the palette lists the placeable ones; the checks use all). */
export const ToolChoices = createContext<ToolChoice[]>([]);
export const useToolChoices = () => useContext(ToolChoices);

/** Palette and drop payloads name a tool as `tool:<id>`; anything else is a step type. */
export const TOOL_PREFIX = 'tool:';

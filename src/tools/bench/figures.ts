/**
 * Every figure of `npm run bench`, in the order they run. Adding a figure: one file in this folder exporting a
 * Figure, and one line here.
 */
import type { Figure } from './figure';
import { messagePathFigure } from './message-path-figure';
import { directoryStartFigure } from './directory-start-figure';
import { reminderFigure } from './reminder-figure';
import { memoryFigure } from './memory-figure';
import { rulesFigure } from './rules-figure';
import { storedYearsFigure } from './stored-years-figure';

export const FIGURES: Figure[] = [
  messagePathFigure,
  directoryStartFigure,
  reminderFigure,
  storedYearsFigure,
  memoryFigure,
  rulesFigure,
];

/** Every conversation the bot has, in the order they are asked whether a message starts them. */
import type { Handler, JsonState } from '../src/core/handler';
import type { HandlerServices } from './handler-services';
import { createHelpHandler } from './help';
import { createBurdenReport } from './burden-report';
import { createComplaint } from './complaint';
import { createMyCases } from './my-cases';
import { createOfficialHandler } from './official';
import { createOfficialResolveHandler } from './official-resolve';
import { createReporterFeedbackHandler } from './reporter-feedback';
import { createMonthlyHandler } from './monthly';
import { createSurveyHandler } from './survey';
import { createDashboardLoginHandler } from './dashboard-login';

export type { HandlerServices, MediaDownloader } from './handler-services';

const erase = <S extends JsonState>(h: Handler<S>) => h as unknown as Handler<JsonState>;

/** The conversations, in order, and the one that answers what none of them claims (the menu). */
export function createHandlers(services: HandlerServices): { handlers: readonly Handler<JsonState>[]; fallback: Handler<JsonState> } {
  const handlers = [
    erase(createBurdenReport(services)),
    erase(createComplaint(services)),
    erase(createMonthlyHandler(services)),
    erase(createMyCases(services)),
    erase(createOfficialResolveHandler(services)),
    erase(createOfficialHandler(services)),
    erase(createReporterFeedbackHandler(services)),
    erase(createSurveyHandler(services)),
    erase(createDashboardLoginHandler(services)),
  ];
  return { handlers, fallback: erase(createHelpHandler(services)) };
}

/** The calendar module's public face: the tenant's merged holiday set for the SLA clocks, its cache, and the seed. */
export { seedHolidays } from "./holidays.ts";
export { type CalendarDay, holidaysOf, invalidateHolidays } from "./service.ts";

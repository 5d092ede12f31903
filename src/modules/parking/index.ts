/**
 * e-Parking (docs/parking.md): Dishub's parking points and jukir, QRIS payments through a gateway adapter
 * (static per point and vehicle type, dynamic per session), cash as a flagged exception, reconciliation against
 * the gateway's settlement file, and revenue for Bapenda and Dishub. Other modules may read revenue through here.
 */
export { revenueReport } from "./revenue.ts";
export { seedDemoParking } from "./demo.ts";

/** The Wild Rydes API as a test's rider sees it: for arranging a scene fast, never for the behaviour under test. */
import type { Endpoints } from "@wildrydes/local/stack";

export interface Location {
  latitude: number;
  longitude: number;
}

export interface Ride {
  rideId: string;
  status: "EN_ROUTE" | "ARRIVED" | "COMPLETED" | "CANCELLED";
  pickup: Location;
  unicorn: { name: string; color: string };
  requestedAt: string;
  arrivesAt: string;
  rating?: number;
}

export interface FleetMember {
  name: string;
  color: string;
  available: boolean;
  location: Location;
}

export class RiderApi {
  constructor(
    private readonly endpoints: Endpoints,
    private readonly accessToken: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.endpoints.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.accessToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  requestRide(pickup: Location): Promise<Ride> {
    return this.call("POST", "/rides", { pickup });
  }

  cancelRide(rideId: string): Promise<Ride> {
    return this.call("POST", `/rides/${rideId}/cancel`);
  }

  async rides(limit = 50): Promise<Ride[]> {
    return (await this.call<{ rides: Ride[] }>("GET", `/rides?limit=${limit}`)).rides;
  }

  async unicorns(): Promise<FleetMember[]> {
    return (await this.call<{ unicorns: FleetMember[] }>("GET", "/unicorns")).unicorns;
  }
}

/** A crewed unicorn's route: the `unicorns` group, and the fleet unicorn the account is linked to (stored, not in the token). */
import { RideError } from "@wildrydes/core/rules/errors";
import { Crew, type CrewLink } from "@wildrydes/core/store/crew";
import { type Reply, type RiderRequest, route } from "./http";

export interface UnicornRequest extends RiderRequest {
  unicorn: CrewLink;
}

export const unicornRoute = (serve: (request: UnicornRequest) => Promise<Reply>) =>
  route(
    "unicorn",
    async (request) => {
      const unicorn = await Crew.linkOf(request.riderId);
      if (!unicorn) throw new RideError("FORBIDDEN", "This account is not linked to a unicorn of the fleet.");
      return { ...request, unicorn };
    },
    serve,
  );

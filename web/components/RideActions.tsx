/**
 * What a rider can do while a unicorn is being found, is coming or is waiting: board once it is there, or cancel, the
 * fee stated first.
 */
import { useEffect, useRef, useState } from "react";
import type { Ride } from "../lib/api-client";
import { cancelFee, formatMoney, rideAt } from "../lib/ride-progress";
import { ActionButton } from "./RideFrame";

export function RideActions({
  ride,
  now,
  busy,
  onBoard,
  onCancel,
}: {
  ride: Ride;
  now: number;
  /** The action under way, if any: every button waits for it. */
  busy: string | null;
  onBoard: () => void;
  onCancel: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const { status, unicorn } = rideAt(ride, now);
  const fee = cancelFee(ride, now);

  // The question takes focus, so a screen reader reads the fee before either answer.
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  if (status !== "DISPATCHING" && status !== "EN_ROUTE" && status !== "ARRIVED") return null;

  /** The question, fee first; no unicorn to name while none has accepted. */
  function asked(): string {
    if (!unicorn) return "Cancel this ride? It's free: no unicorn has accepted it yet.";
    return fee.amount > 0
      ? `Cancel this ride? ${unicorn.name} is already waiting, so cancelling costs ${formatMoney(fee)}.`
      : `Cancel this ride? It's free while ${unicorn.name} is on the way.`;
  }

  function keepRide() {
    setConfirming(false);
    window.setTimeout(() => cancelButton.current?.focus(), 0);
  }

  return (
    <div className="status__actions">
      {status === "ARRIVED" ? (
        <ActionButton busy={busy === "board"} disabled={busy !== null} onClick={onBoard} primary>
          I'm on board
        </ActionButton>
      ) : null}
      {confirming ? (
        <div className="confirm">
          <p id="cancel-question" className="confirm__question" tabIndex={-1} ref={question}>
            {asked()}
          </p>
          <div className="ride__buttons">
            <ActionButton busy={busy === "cancel"} disabled={busy !== null} onClick={onCancel}>
              {fee.amount > 0 ? `Yes, cancel for ${formatMoney(fee)}` : "Yes, cancel for free"}
            </ActionButton>
            <button type="button" className="button" onClick={keepRide} disabled={busy !== null}>
              Keep my ride
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="button"
          ref={cancelButton}
          onClick={() => setConfirming(true)}
          disabled={busy !== null}
        >
          Cancel ride
        </button>
      )}
    </div>
  );
}

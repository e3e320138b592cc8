/**
 * On or off shift: a toggle button (aria-pressed) named "On shift", with the shift's state in words beside it, said
 * politely when it changes. While a change is saved the button is marked disabled but keeps focus (aria-disabled, not
 * `disabled`, which would drop a keyboard user's place), and a press does nothing.
 */
import { shiftSentence } from "../lib/unicorn-jobs";

export function ShiftSwitch({
  onShift,
  saving,
  hasJob,
  onToggle,
}: {
  /** The shift as the API last answered it: the switch shows no change the server has not made. */
  onShift: boolean;
  saving: boolean;
  /** Whether a job is under way, so going off shift can say it carries on. */
  hasJob: boolean;
  onToggle: () => void;
}) {
  return (
    <div className="shift">
      <button
        type="button"
        className="shift-switch"
        aria-pressed={onShift}
        aria-disabled={saving || undefined}
        aria-describedby="shift-state"
        onClick={() => {
          if (!saving) onToggle();
        }}
      >
        <span className="shift-switch__track" aria-hidden="true">
          <span className="shift-switch__thumb" />
        </span>
        <span className="shift-switch__label">On shift</span>
        <span className="shift-switch__state" aria-hidden="true">
          {saving ? <span className="spinner" /> : onShift ? "On" : "Off"}
        </span>
      </button>
      <p id="shift-state" className="shift__state" role="status">
        {shiftSentence({ onShift, saving, hasJob })}
      </p>
    </div>
  );
}

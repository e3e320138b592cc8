/** The password policy as a live checklist under the password field. */
import { passwordRules } from "@wildrydes/core/rules/password-policy";

export function PasswordRules({ id, password }: { id: string; password: string }) {
  return (
    <div id={id} className="password-rules">
      <p className="password-rules__title">Your password needs:</p>
      <ul>
        {passwordRules.map((rule) => {
          const met = rule.isMet(password);
          return (
            <li key={rule.id} className={met ? "rule rule--met" : "rule"}>
              <span className="rule__mark" aria-hidden="true">
                {met ? "✓" : "○"}
              </span>
              {rule.label}
              <span className="visually-hidden">{met ? " (done)" : " (not yet)"}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Choosing a password (register, reset): the field, the live rules under it, and the confirmation. */
import { unmetPasswordRules } from "@wildrydes/core/rules/password-policy";
import type { FieldProps } from "./AccountFields";
import { TextField } from "./Forms";
import { PasswordRules } from "./PasswordRules";

/** A new password with the live rules under it, and its confirmation. */
export function NewPasswordFields(props: {
  id: string;
  labels: [password: string, confirm: string];
  password: FieldProps;
  confirm: FieldProps;
}) {
  const rulesId = "password-rules";
  return (
    <>
      <TextField
        id={props.id}
        label={props.labels[0]}
        type="password"
        autoComplete="new-password"
        required
        describedBy={[rulesId]}
        {...props.password}
      />
      <PasswordRules id={rulesId} password={props.password.value} />
      <TextField
        id="confirm-password"
        label={props.labels[1]}
        type="password"
        autoComplete="new-password"
        required
        {...props.confirm}
      />
    </>
  );
}

/** Each empty field says what is missing; a mismatch is only reported once both are filled. */
export function newPasswordProblems(password: string, confirm: string): { password?: string; confirm?: string } {
  const unmet = unmetPasswordRules(password);
  return {
    password: !password
      ? "Choose a password."
      : unmet.length > 0
        ? `Your password still needs: ${unmet.map((r) => r.label.toLowerCase()).join(", ")}.`
        : undefined,
    confirm: !confirm
      ? "Repeat the password."
      : password && confirm !== password
        ? "The passwords don't match."
        : undefined,
  };
}

/**
 * "Where to?": a place name typed, chosen from a list (the ARIA 1.2 combobox pattern: arrows move through the options,
 * Enter chooses, Escape closes). Built-in places show at once; in the cloud Amazon Location's follow after a pause.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { amazonLocation } from "../lib/amazon-location";
import type { Location } from "../lib/api-client";
import { builtInOptions, type PlaceOption, searchPlaces } from "../lib/place-search";

/** Long enough to skip the letters of a word being typed, short enough to feel immediate. */
const pauseMs = 250;

export function PlaceSearch({
  label,
  near,
  onPlace,
  disabled,
}: {
  /** "Where to?" or "Pickup place": which point a choice sets. */
  label: string;
  /** Where the rider is looking: the cloud's suggestions favour places near it. */
  near: Location;
  onPlace: (at: Location) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState("");
  const [options, setOptions] = useState<PlaceOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const nearRef = useRef(near);
  nearRef.current = near;

  // The cloud's suggestions for the latest text only: each keystroke aborts the search before it.
  useEffect(() => {
    const suggestUrl = amazonLocation.suggestUrl;
    if (!suggestUrl || !text.trim()) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      searchPlaces(text, nearRef.current, { suggestUrl, signal: controller.signal })
        .then((found) => setOptions(found))
        .catch(() => undefined);
    }, pauseMs);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  function onType(value: string) {
    setText(value);
    setOptions(builtInOptions(value));
    setOpen(value.trim() !== "");
    setActive(-1);
  }

  function choose(option: PlaceOption) {
    onPlace(option.at);
    setText("");
    setOptions([]);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!text.trim() || count === 0) return;
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current < 0 && step < 0 ? count - 1 : (current + step + count) % count));
    } else if (event.key === "Enter") {
      // With nothing highlighted, Enter takes the best match: typing "space needle" and Enter is enough.
      const option = options[active] ?? (open ? options[0] : undefined);
      if (!option) return;
      event.preventDefault();
      choose(option);
    } else if (event.key === "Escape") {
      if (open) setOpen(false);
      else onType("");
      setActive(-1);
    }
  }

  const expanded = open && options.length > 0;
  const nothing = open && options.length === 0 && text.trim() !== "";
  const optionId = (option: PlaceOption) => `place-option-${option.id}`;
  return (
    <div className="place-search">
      <label htmlFor="place-search" className="place-search__label">
        {label}
      </label>
      <input
        id="place-search"
        className="place-search__input"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls="place-options"
        aria-activedescendant={expanded && options[active] ? optionId(options[active]) : undefined}
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        placeholder="A place in Seattle, e.g. Space Needle"
        value={text}
        onChange={(event) => onType(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(text.trim() !== "")}
        disabled={disabled}
      />
      <div id="place-options" role="listbox" aria-label={label} className="place-search__options" hidden={!expanded}>
        {options.map((option, index) => (
          // Keys reach the options through the combobox (aria-activedescendant), as the ARIA pattern has it.
          // biome-ignore lint/a11y/useKeyWithClickEvents: the input handles the keys for the list
          <div
            key={option.id}
            id={optionId(option)}
            role="option"
            aria-selected={index === active}
            tabIndex={-1}
            className={index === active ? "place-search__option place-search__option--active" : "place-search__option"}
            // Keeps focus in the input, so the click lands before a blur closes the list.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(option)}
          >
            {option.name}
          </div>
        ))}
      </div>
      <p className="place-search__none" role="status">
        {nothing ? `No place called “${text.trim()}” in Seattle — tap the map instead` : ""}
      </p>
    </div>
  );
}

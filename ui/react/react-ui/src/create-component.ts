// The one generic factory behind every React component of @openrtk/react-ui (the design of
// Lit's @lit/react createComponent): a prop that the custom element declares as a property is
// set as an element PROPERTY (objects such as `meeting` cannot be attributes); a function prop
// named on<Event> becomes a listener for the DOM event <event> (first letter lower-cased:
// onRtkMeetingChanged -> 'rtkMeetingChanged', onDelete -> 'delete'); everything else
// (className, style, id, slot, aria-*, data-*, children) goes to React as usual.
import { createElement, forwardRef, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import type { ForwardRefExoticComponent, HTMLAttributes, PropsWithoutRef, RefAttributes } from 'react';

/** Props every wrapper accepts besides the element's own: React's HTML attributes. */
export type BaseProps = Omit<HTMLAttributes<HTMLElement>, 'onChange' | 'onSelect'>;

export type WrapperComponent<P, E extends HTMLElement> = ForwardRefExoticComponent<
  PropsWithoutRef<P & BaseProps> & RefAttributes<E>
>;

/** 'rtk-breakout-rooms-manager' -> 'RtkBreakoutRoomsManager' */
export function componentName(tagName: string): string {
  return tagName.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** 'onRtkMeetingChanged' -> 'rtkMeetingChanged'; null when `prop` is not an on<Event> name. */
export function eventName(prop: string): string | null {
  const m = /^on([A-Z].*)$/.exec(prop);
  return m ? m[1][0].toLowerCase() + m[1].slice(1) : null;
}

const reserved = new Set(['children', 'className', 'style', 'key', 'ref', 'id', 'slot', 'hidden', 'title', 'role', 'tabIndex', 'dir', 'lang']);

/** The class defined for `tagName`, if any (none during server rendering). */
function definedClass(tagName: string): CustomElementConstructor | undefined {
  return typeof customElements === 'undefined' ? undefined : customElements.get(tagName);
}

/** True when instances of `elementClass` have a property `name` (not a plain HTMLElement one). */
function isElementProperty(elementClass: CustomElementConstructor | undefined, name: string): boolean {
  if (!elementClass || reserved.has(name)) return false;
  const proto = elementClass.prototype as object;
  if (name in proto && !(name in HTMLElement.prototype)) return true;
  // Lit declares its reactive properties in a static map (filled when the class is defined).
  const props = (elementClass as unknown as { elementProperties?: Map<string, { state?: boolean }> }).elementProperties;
  const decl = props?.get(name);
  return !!decl && !decl.state;
}

/**
 * Makes a React component for the custom element `tagName`. `elementClass` (optional) tells
 * which props are element properties before the first render; without it the element
 * instance is asked (`name in element`).
 */
export function createComponent<P extends object, E extends HTMLElement = HTMLElement>(
  tagName: string,
  elementClass?: CustomElementConstructor,
  displayName: string = componentName(tagName),
): WrapperComponent<P, E> {
  const Component = forwardRef<E, P & BaseProps>((props, ref) => {
    const elRef = useRef<E | null>(null);
    // properties and listeners this wrapper has set, to update or remove them on change
    const setProps = useRef(new Map<string, unknown>());
    const listeners = useRef(new Map<string, { fn: (e: Event) => void; handler: (e: Event) => void }>());

    const reactProps: Record<string, unknown> = {};
    const elementProps: Record<string, unknown> = {};
    const eventProps: Record<string, (e: Event) => void> = {};
    for (const [k, v] of Object.entries(props as Record<string, unknown>)) {
      const ev = typeof v === 'function' ? eventName(k) : null;
      if (ev) eventProps[ev] = v as (e: Event) => void;
      else if (isElementProperty(elementClass ?? definedClass(tagName), k)) elementProps[k] = v;
      else reactProps[k] = v;
    }

    useImperativeHandle(ref, () => elRef.current as E, []);

    // Properties before paint, so the element's first render already has its meeting.
    useLayoutEffect(() => {
      const el = elRef.current as unknown as Record<string, unknown> | null;
      if (!el) return;
      for (const [k, v] of Object.entries(elementProps)) {
        if (!setProps.current.has(k) || !Object.is(setProps.current.get(k), v)) {
          el[k] = v;
          setProps.current.set(k, v);
        }
      }
      for (const k of [...setProps.current.keys()]) {
        if (!(k in elementProps)) {
          el[k] = undefined;
          setProps.current.delete(k);
        }
      }
    });

    // Listeners: one DOM listener per event, calling the latest handler.
    useLayoutEffect(() => {
      const el = elRef.current;
      if (!el) return;
      for (const [ev, fn] of Object.entries(eventProps)) {
        const cur = listeners.current.get(ev);
        if (cur) cur.fn = fn;
        else {
          const entry = { fn, handler: (e: Event) => entry.fn.call(el, e) };
          listeners.current.set(ev, entry);
          el.addEventListener(ev, entry.handler);
        }
      }
      for (const [ev, entry] of [...listeners.current]) {
        if (!(ev in eventProps)) {
          el.removeEventListener(ev, entry.handler);
          listeners.current.delete(ev);
        }
      }
    });
    useLayoutEffect(() => {
      const el = elRef.current;
      const map = listeners.current;
      return () => {
        for (const [ev, entry] of map) el?.removeEventListener(ev, entry.handler);
        map.clear();
      };
    }, []);

    const { className, ...rest } = reactProps;
    return createElement(tagName, { ...rest, class: className, ref: elRef } as Record<string, unknown>);
  });
  Component.displayName = displayName;
  return Component as unknown as WrapperComponent<P, E>;
}

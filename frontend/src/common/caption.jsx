import VisuallyHidden from '@atlaskit/visually-hidden';

// A table's name for screen readers; sighted people read the heading and column headers around it.
export default function caption(text) {
  return <VisuallyHidden>{text}</VisuallyHidden>;
}

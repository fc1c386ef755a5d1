/** Typed arrays that grow by doubling as values are pushed (the node index's columns, built trace by trace). */
export class GrowableInt {
  array = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Int32Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  done(): Int32Array {
    return this.array.slice(0, this.length);
  }
}

export class GrowableFloat {
  array = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Float64Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }
  done(): Float64Array {
    return this.array.slice(0, this.length);
  }
}

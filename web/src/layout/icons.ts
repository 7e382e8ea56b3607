// Menu icons by name (MenuItem.icon); the list itself is in menuIconSet.ts.
import type { Component } from 'vue'
import * as icons from './menuIconSet'

export const menuIcons: Record<string, Component> = { ...icons }
